"""The mail workload of the local tenant: Exchange Online mailboxes as Graph v1.0 shows them."""
