"""The contract suite itself (pytest). Run it through `kalshi_contract.runner` or `kalshi-orders contract`."""
