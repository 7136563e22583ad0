"""The aiortc media relay: forwards encoded audio and video without decoding them."""
