"""SharePoint's tenant admin REST API (`https://{tenant}-admin.sharepoint.com/_api/...`), the
part that reads and sets a site's SharingCapability, over the local tenant's sites."""
