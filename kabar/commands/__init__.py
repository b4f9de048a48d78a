"""One module per CLI command; see kabar/cli.py for the contract."""
