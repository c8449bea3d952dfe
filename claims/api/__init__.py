"""ClaimCheck's REST API (/api/v1/): published data for everyone, token-authenticated writes for the newsroom."""
