"""The run: its lock, ledger, manager (state, summary, health), the link step and the one
atomic writer every output file goes through."""
