"""`tenantctl preview-report`: a pull-request summary of `pulumi preview --json`."""
