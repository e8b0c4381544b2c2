"""Licence SKUs and the service plans each bundles, by Microsoft's published identifiers.

Part numbers, SKU ids, product names, service plan names and ids are those of "Product names
and service plan identifiers for licensing"
(learn.microsoft.com/entra/identity/users/licensing-service-plan-reference). A SKU lists the
plans the toolkit manages, not every plan Microsoft bundles. At run time a tenant's own
/subscribedSkus is authoritative (learn.microsoft.com/graph/api/subscribedsku-list); this
catalogue lets validation, governance and export run offline, and the local tenant subscribe.
`frontline` marks the SKUs for frontline workers (the F SKUs).
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class Sku:
    """A licence SKU and the service plans it bundles, by name."""

    part_number: str
    sku_id: UUID
    name: str
    plans: dict[str, UUID]
    frontline: bool = False


SERVICE_PLANS: dict[str, UUID] = {
    "AAD_PREMIUM": UUID("41781fb2-bc02-4b7c-bd55-b576c07bb09d"),
    "AAD_PREMIUM_P2": UUID("eec0eb4f-6444-4f95-aba0-50c24d67f998"),
    "BI_AZURE_P2": UUID("70d33638-9c74-4d01-bfd3-562de28bd4ba"),
    "EXCHANGE_S_DESKLESS": UUID("4a82b400-a79f-41a4-b4e2-e94f5787b113"),
    "EXCHANGE_S_ENTERPRISE": UUID("efb87545-963c-4e0d-99df-69c6916d9eb0"),
    "EXCHANGE_S_FOUNDATION": UUID("113feb6c-3fe4-4440-bddc-54d774bf0318"),
    "EXCHANGE_S_STANDARD": UUID("9aaf7827-d63c-4b61-89c3-182f06f82e5c"),
    "FLOW_O365_P2": UUID("76846ad7-7776-4c40-a281-a386362dd1b9"),
    "FLOW_P2_VIRAL": UUID("50e68c76-46c6-4674-81f9-75456511b170"),
    "FORMS_PLAN_E3": UUID("2789c901-c14e-48ab-a76a-be334d9d793a"),
    "FORMS_PLAN_E5": UUID("e212cbc7-0961-4c40-9825-01117710dcb1"),
    "FORMS_PLAN_K": UUID("f07046bd-2a3c-4b96-b0be-dea79d7cbfb8"),
    "INTUNE_A": UUID("c1ec4a95-1f05-45b3-a911-aa3fa01094f5"),
    "MCOEV": UUID("4828c8ec-dc2e-4779-b502-87ac9ce28ab7"),
    "MCOIMP": UUID("afc06cb0-b4f4-4473-8286-d644f70d8faf"),
    "MCOSTANDARD": UUID("0feaeb32-d00e-4d66-bd5a-43b5b83db82c"),
    "OFFICESUBSCRIPTION": UUID("43de0ff5-c92c-492b-9116-175376d08c38"),
    "POWERAPPS_O365_P2": UUID("c68f8d98-5534-41c8-bf36-22fa496fa792"),
    "PROJECTWORKMANAGEMENT": UUID("b737dad2-2f6c-4c65-90e3-ca563267e8b9"),
    "SHAREPOINTDESKLESS": UUID("902b47e5-dcb2-4fdc-858b-c63a90a2bdb9"),
    "SHAREPOINTENTERPRISE": UUID("5dbe027f-2339-4123-9542-606e4d348a72"),
    "SHAREPOINTSTANDARD": UUID("c7699d2e-19aa-44de-8edf-1736da088ca1"),
    "SHAREPOINTWAC": UUID("e95bec33-7c88-4a70-8e19-b10bd9d0c014"),
    "STREAM_O365_E3": UUID("9e700747-8b1d-45e5-ab8d-ef187ceec156"),
    "SWAY": UUID("a23b959c-7ce8-4e57-9140-b90eb88a9e97"),
    "TEAMS1": UUID("57ff2da0-773e-42df-b2af-ffb7a2317929"),
    "YAMMER_ENTERPRISE": UUID("7547a3fe-08ee-4ccb-b430-5077c5041653"),
}
"""Service plans by name (the reference's "Service plan string ID")."""

MAILBOX_PLANS = ("EXCHANGE_S_ENTERPRISE", "EXCHANGE_S_STANDARD", "EXCHANGE_S_DESKLESS")
"""Service plans that give a user an Exchange Online mailbox (Exchange Online Plan 2, Plan 1
and Kiosk); EXCHANGE_S_FOUNDATION, in SKUs without Exchange, gives none
(learn.microsoft.com/exchange/recipients-in-exchange-online/manage-user-mailboxes/
create-user-mailboxes: a mailbox is made when an Exchange Online licence is assigned)."""


def _sku(part: str, sku_id: str, name: str, plans: tuple[str, ...], frontline: bool = False) -> Sku:
    return Sku(part, UUID(sku_id), name, {p: SERVICE_PLANS[p] for p in plans}, frontline)


SKUS: dict[str, Sku] = {
    "SPE_E3": _sku(
        "SPE_E3",
        "05e9a617-0261-4cee-bb44-138d3ef5d965",
        "Microsoft 365 E3",
        (
            "AAD_PREMIUM",
            "EXCHANGE_S_ENTERPRISE",
            "FLOW_O365_P2",
            "FORMS_PLAN_E3",
            "INTUNE_A",
            "MCOSTANDARD",
            "OFFICESUBSCRIPTION",
            "POWERAPPS_O365_P2",
            "PROJECTWORKMANAGEMENT",
            "SHAREPOINTENTERPRISE",
            "SHAREPOINTWAC",
            "STREAM_O365_E3",
            "SWAY",
            "TEAMS1",
            "YAMMER_ENTERPRISE",
        ),
    ),
    "SPE_E5": _sku(
        "SPE_E5",
        "06ebc4ee-1bb5-47dd-8120-11324bc54e06",
        "Microsoft 365 E5",
        (
            "AAD_PREMIUM",
            "AAD_PREMIUM_P2",
            "BI_AZURE_P2",
            "EXCHANGE_S_ENTERPRISE",
            "FLOW_O365_P2",
            "FORMS_PLAN_E5",
            "INTUNE_A",
            "MCOEV",
            "MCOSTANDARD",
            "OFFICESUBSCRIPTION",
            "POWERAPPS_O365_P2",
            "PROJECTWORKMANAGEMENT",
            "SHAREPOINTENTERPRISE",
            "SHAREPOINTWAC",
            "STREAM_O365_E3",
            "SWAY",
            "TEAMS1",
            "YAMMER_ENTERPRISE",
        ),
    ),
    "SPE_F1": _sku(
        "SPE_F1",
        "66b55226-6b4f-492c-910c-a3b7a3c9d993",
        "Microsoft 365 F3",
        (
            "AAD_PREMIUM",
            "EXCHANGE_S_DESKLESS",
            "FORMS_PLAN_K",
            "INTUNE_A",
            "MCOIMP",
            "PROJECTWORKMANAGEMENT",
            "SHAREPOINTDESKLESS",
            "SHAREPOINTWAC",
            "SWAY",
            "TEAMS1",
            "YAMMER_ENTERPRISE",
        ),
        frontline=True,
    ),
    "ENTERPRISEPACK": _sku(
        "ENTERPRISEPACK",
        "6fd2c87f-b296-42f0-b197-1e91e994b900",
        "Office 365 E3",
        (
            "EXCHANGE_S_ENTERPRISE",
            "FORMS_PLAN_E3",
            "MCOSTANDARD",
            "OFFICESUBSCRIPTION",
            "PROJECTWORKMANAGEMENT",
            "SHAREPOINTENTERPRISE",
            "SHAREPOINTWAC",
            "STREAM_O365_E3",
            "SWAY",
            "TEAMS1",
            "YAMMER_ENTERPRISE",
        ),
    ),
    "STANDARDPACK": _sku(
        "STANDARDPACK",
        "18181a46-0d4e-45cd-891e-60aabd171b4e",
        "Office 365 E1",
        (
            "EXCHANGE_S_STANDARD",
            "MCOSTANDARD",
            "PROJECTWORKMANAGEMENT",
            "SHAREPOINTSTANDARD",
            "SHAREPOINTWAC",
            "SWAY",
            "TEAMS1",
            "YAMMER_ENTERPRISE",
        ),
    ),
    "DESKLESSPACK": _sku(
        "DESKLESSPACK",
        "4b585984-651b-448a-9e53-3b10f069cf7f",
        "Office 365 F3",
        (
            "EXCHANGE_S_DESKLESS",
            "FORMS_PLAN_K",
            "MCOIMP",
            "PROJECTWORKMANAGEMENT",
            "SHAREPOINTDESKLESS",
            "SHAREPOINTWAC",
            "SWAY",
            "TEAMS1",
            "YAMMER_ENTERPRISE",
        ),
        frontline=True,
    ),
    "EXCHANGESTANDARD": _sku(
        "EXCHANGESTANDARD",
        "4b9405b0-7788-4568-add1-99614e613b69",
        "Exchange Online (Plan 1)",
        ("EXCHANGE_S_STANDARD",),
    ),
    "POWER_BI_PRO": _sku(
        "POWER_BI_PRO",
        "f8a1db68-be16-40ed-86d5-cb42ce701560",
        "Power BI Pro",
        (
            "BI_AZURE_P2",
            "EXCHANGE_S_FOUNDATION",
        ),
    ),
    "M365_F1": _sku(
        "M365_F1",
        "44575883-256e-4a79-9da4-ebe9acabe2b2",
        "Microsoft 365 F1",
        (
            "AAD_PREMIUM",
            "INTUNE_A",
            "SHAREPOINTDESKLESS",
            "TEAMS1",
        ),
    ),
    "FLOW_FREE": _sku(
        "FLOW_FREE",
        "f30db892-07e9-47e9-837c-80727f46fd3d",
        "Microsoft Power Automate Free",
        ("FLOW_P2_VIRAL",),
    ),
    "TEAMS_EXPLORATORY": _sku(
        "TEAMS_EXPLORATORY",
        "710779e8-3d4a-4c88-adb9-386c958d1fdf",
        "Microsoft Teams Exploratory",
        (
            "MCOSTANDARD",
            "TEAMS1",
        ),
    ),
}
"""Every SKU the toolkit knows, by part number."""


def gives_mailbox(part_number: str, disabled_plans: tuple[str, ...] | list[str] = ()) -> bool:
    """Whether a licence of this SKU, less its disabled plans, gives a mailbox (False for an
    SKU the catalogue does not know)."""
    sku = SKUS.get(part_number)
    return sku is not None and any(
        plan in MAILBOX_PLANS and plan not in disabled_plans for plan in sku.plans
    )
