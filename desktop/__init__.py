"""The e-Cabinet desktop application and its headless client library."""
