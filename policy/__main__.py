"""The tenantctl governance policy pack: `pulumi preview --policy-pack policy/`."""

from tenantctl.governance.pack import policy_pack

policy_pack()
