"""Qt view models: QObjects with signals that widgets observe; no widgets here."""
