"""Licence SKUs the local tenant subscribes to, with their service plans.

Identifiers are Microsoft's published ones, from "Product names and service plan identifiers for
licensing" (learn.microsoft.com/entra/identity/users/licensing-service-plan-reference).
"""

from __future__ import annotations

SERVICE_PLANS: dict[str, str] = {
    "AAD_PREMIUM": "41781fb2-bc02-4b7c-bd55-b576c07bb09d",
    "AAD_PREMIUM_P2": "eec0eb4f-6444-4f95-aba0-50c24d67f998",
    "BI_AZURE_P2": "70d33638-9c74-4d01-bfd3-562de28bd4ba",
    "EXCHANGE_S_DESKLESS": "4a82b400-a79f-41a4-b4e2-e94f5787b113",
    "EXCHANGE_S_ENTERPRISE": "efb87545-963c-4e0d-99df-69c6916d9eb0",
    "EXCHANGE_S_FOUNDATION": "113feb6c-3fe4-4440-bddc-54d774bf0318",
    "FLOW_O365_P2": "76846ad7-7776-4c40-a281-a386362dd1b9",
    "FLOW_P2_VIRAL": "50e68c76-46c6-4674-81f9-75456511b170",
    "FORMS_PLAN_E3": "2789c901-c14e-48ab-a76a-be334d9d793a",
    "FORMS_PLAN_E5": "e212cbc7-0961-4c40-9825-01117710dcb1",
    "FORMS_PLAN_K": "f07046bd-2a3c-4b96-b0be-dea79d7cbfb8",
    "INTUNE_A": "c1ec4a95-1f05-45b3-a911-aa3fa01094f5",
    "MCOEV": "4828c8ec-dc2e-4779-b502-87ac9ce28ab7",
    "MCOIMP": "afc06cb0-b4f4-4473-8286-d644f70d8faf",
    "MCOSTANDARD": "0feaeb32-d00e-4d66-bd5a-43b5b83db82c",
    "OFFICESUBSCRIPTION": "43de0ff5-c92c-492b-9116-175376d08c38",
    "POWERAPPS_O365_P2": "c68f8d98-5534-41c8-bf36-22fa496fa792",
    "PROJECTWORKMANAGEMENT": "b737dad2-2f6c-4c65-90e3-ca563267e8b9",
    "SHAREPOINTDESKLESS": "902b47e5-dcb2-4fdc-858b-c63a90a2bdb9",
    "SHAREPOINTENTERPRISE": "5dbe027f-2339-4123-9542-606e4d348a72",
    "SHAREPOINTWAC": "e95bec33-7c88-4a70-8e19-b10bd9d0c014",
    "STREAM_O365_E3": "9e700747-8b1d-45e5-ab8d-ef187ceec156",
    "SWAY": "a23b959c-7ce8-4e57-9140-b90eb88a9e97",
    "TEAMS1": "57ff2da0-773e-42df-b2af-ffb7a2317929",
    "YAMMER_ENTERPRISE": "7547a3fe-08ee-4ccb-b430-5077c5041653",
}

_E3_PLANS = [
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
]
_FRONTLINE_PLANS = [
    "EXCHANGE_S_DESKLESS",
    "FORMS_PLAN_K",
    "MCOIMP",
    "PROJECTWORKMANAGEMENT",
    "SHAREPOINTDESKLESS",
    "SHAREPOINTWAC",
    "SWAY",
    "TEAMS1",
    "YAMMER_ENTERPRISE",
]

# part number → (skuId, service plan names, seeded enabled units)
SKUS: dict[str, tuple[str, list[str], int]] = {
    "ENTERPRISEPACK": ("6fd2c87f-b296-42f0-b197-1e91e994b900", _E3_PLANS, 250),
    "SPE_E3": (
        "05e9a617-0261-4cee-bb44-138d3ef5d965",
        [*_E3_PLANS, "AAD_PREMIUM", "INTUNE_A", "FLOW_O365_P2", "POWERAPPS_O365_P2"],
        500,
    ),
    "SPE_E5": (
        "06ebc4ee-1bb5-47dd-8120-11324bc54e06",
        [
            *_E3_PLANS,
            "AAD_PREMIUM",
            "AAD_PREMIUM_P2",
            "BI_AZURE_P2",
            "FORMS_PLAN_E5",
            "INTUNE_A",
            "MCOEV",
            "FLOW_O365_P2",
            "POWERAPPS_O365_P2",
        ],
        50,
    ),
    "SPE_F1": (
        "66b55226-6b4f-492c-910c-a3b7a3c9d993",
        [*_FRONTLINE_PLANS, "AAD_PREMIUM", "INTUNE_A"],
        300,
    ),
    "M365_F1": (
        "44575883-256e-4a79-9da4-ebe9acabe2b2",
        ["AAD_PREMIUM", "INTUNE_A", "SHAREPOINTDESKLESS", "TEAMS1"],
        100,
    ),
    "POWER_BI_PRO": (
        "f8a1db68-be16-40ed-86d5-cb42ce701560",
        ["BI_AZURE_P2", "EXCHANGE_S_FOUNDATION"],
        25,
    ),
    "FLOW_FREE": ("f30db892-07e9-47e9-837c-80727f46fd3d", ["FLOW_P2_VIRAL"], 10000),
    "TEAMS_EXPLORATORY": ("710779e8-3d4a-4c88-adb9-386c958d1fdf", ["TEAMS1", "MCOSTANDARD"], 100),
}

# part number → product name, as the usage reports' "Assigned Products" column shows it
PRODUCT_NAMES: dict[str, str] = {
    "ENTERPRISEPACK": "OFFICE 365 E3",
    "SPE_E3": "MICROSOFT 365 E3",
    "SPE_E5": "MICROSOFT 365 E5",
    "SPE_F1": "MICROSOFT 365 F3",
    "M365_F1": "MICROSOFT 365 F1",
    "POWER_BI_PRO": "POWER BI PRO",
    "FLOW_FREE": "MICROSOFT POWER AUTOMATE FREE",
    "TEAMS_EXPLORATORY": "MICROSOFT TEAMS EXPLORATORY",
}
