"""What the commands share: exit codes, failures in one line, progress, Graph access, URNs."""
