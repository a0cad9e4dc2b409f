"""kalshi_contract: the contract suite for Kalshi's orders API (schemathesis + hypothesis + explicit rules).

Run it with `kalshi-orders contract` (`kalshi_contract.cli:app`) or programmatically with
`kalshi_contract.runner.run(RunSettings(...))`; the pytest suite itself is `kalshi_contract/suite/`.
"""
