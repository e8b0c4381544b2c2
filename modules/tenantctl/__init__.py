"""tenantctl: a Microsoft 365 tenant described as code and applied with Pulumi."""
