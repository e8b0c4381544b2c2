"""What the unattended commands (preview-report, drift) share: exit codes and progress."""
