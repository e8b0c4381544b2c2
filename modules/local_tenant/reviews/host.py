"""What access reviews reach on their tenant: the directory's groups and users, and their own
reviews."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from local_tenant.host import Host

if TYPE_CHECKING:
    from local_tenant.directory.models import Directory
    from local_tenant.reviews.models import AccessReviews


class ReviewsHost(Host, Protocol):
    """The tenant as this workload sees it."""

    directory: Directory
    reviews: AccessReviews
