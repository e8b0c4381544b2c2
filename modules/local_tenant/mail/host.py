"""What the mail workload reaches on its tenant: the directory's users and licences (a mailbox
follows its user's Exchange licence) and its own mailboxes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from local_tenant.host import Host

if TYPE_CHECKING:
    from local_tenant.directory.licensing import Licensing
    from local_tenant.directory.models import Directory
    from local_tenant.mail.models import Mailboxes


class MailHost(Host, Protocol):
    """The tenant as this workload sees it."""

    directory: Directory
    licensing: Licensing
    mailboxes: Mailboxes
