"""Directory routes and the application permissions each accepts (least privileged first).

Permissions per learn.microsoft.com/graph/api/user-list, user-get, user-update, user-delete,
group-list, group-post-groups, group-get, group-update, group-delete, group-list-members,
group-post-members, group-delete-members, group-post-owners, group-delete-owners, group-delta,
user-delta, user-assignlicense, group-assignlicense, subscribedsku-list, organization-list,
invitation-post, directory-deleteditems-list|get|delete|restore.
"""

from __future__ import annotations

from local_tenant.directory import responses as r
from local_tenant.router import Route, RouteSet

READ_USERS = ("User.Read.All",)
READ_GROUPS = ("GroupMember.Read.All", "Group.Read.All")
WRITE_GROUPS = ("Group.ReadWrite.All",)
WRITE_MEMBERS = ("GroupMember.ReadWrite.All",)
LICENCES = ("LicenseAssignment.ReadWrite.All",)


def routes() -> list[Route]:
    s = RouteSet("directory")
    s.add("GET", "/me", r.me, name="me")
    s.add("GET", "/users", r.list_users, *READ_USERS, name="users.list")
    s.add("GET", "/users/$count", r.count, *READ_USERS, name="count.users")
    s.add("GET", "/users/delta", r.users_delta, *READ_USERS, name="users.delta")
    s.add("GET", "/users/{id}", r.get_user, *READ_USERS, name="users.get")
    s.add("PATCH", "/users/{id}", r.update_user, "User.ReadWrite.All", name="users.update")
    s.add("DELETE", "/users/{id}", r.delete_user, "User.ReadWrite.All", name="users.delete")
    s.add("GET", "/users/{id}/memberOf", r.user_member_of, *READ_USERS, name="users.memberOf")
    s.add(
        "POST",
        "/users/{id}/assignLicense",
        r.user_assign_license,
        *LICENCES,
        "User.ReadWrite.All",
        name="users.assignLicense",
    )
    s.add("GET", "/groups", r.list_groups, *READ_GROUPS, name="groups.list")
    s.add("POST", "/groups", r.create_group, *WRITE_GROUPS, name="groups.create")
    s.add("GET", "/groups/$count", r.count, *READ_GROUPS, name="count.groups")
    s.add("GET", "/groups/delta", r.groups_delta, *READ_GROUPS, name="groups.delta")
    s.add("GET", "/groups/{id}", r.get_group, *READ_GROUPS, name="groups.get")
    s.add("PATCH", "/groups/{id}", r.update_group, *WRITE_GROUPS, name="groups.update")
    s.add("DELETE", "/groups/{id}", r.delete_group, *WRITE_GROUPS, name="groups.delete")
    s.add("GET", "/groups/{id}/members", r.list_members, *READ_GROUPS, name="groups.members")
    s.add("GET", "/groups/{id}/owners", r.list_owners, *READ_GROUPS, name="groups.owners")
    s.add(
        "POST", "/groups/{id}/members/$ref", r.add_member, *WRITE_MEMBERS, name="groups.members.add"
    )
    s.add(
        "DELETE",
        "/groups/{id}/members/{member}/$ref",
        r.remove_member,
        *WRITE_MEMBERS,
        name="groups.members.remove",
    )
    s.add("POST", "/groups/{id}/owners/$ref", r.add_owner, *WRITE_MEMBERS, name="groups.owners.add")
    s.add(
        "DELETE",
        "/groups/{id}/owners/{member}/$ref",
        r.remove_owner,
        *WRITE_MEMBERS,
        name="groups.owners.remove",
    )
    s.add(
        "POST",
        "/groups/{id}/assignLicense",
        r.group_assign_license,
        *LICENCES,
        name="groups.assignLicense",
    )
    s.add(
        "GET",
        "/directory/deletedItems/microsoft.graph.group",
        r.list_deleted_groups,
        *READ_GROUPS,
        name="deletedItems.groups",
    )
    s.add(
        "GET", "/directory/deletedItems/{id}", r.get_deleted, *READ_GROUPS, name="deletedItems.get"
    )
    s.add(
        "DELETE",
        "/directory/deletedItems/{id}",
        r.purge_deleted,
        *WRITE_GROUPS,
        name="deletedItems.delete",
    )
    s.add(
        "POST",
        "/directory/deletedItems/{id}/restore",
        r.restore_deleted,
        *WRITE_GROUPS,
        name="deletedItems.restore",
    )
    s.add(
        "GET",
        "/subscribedSkus",
        r.list_skus,
        "LicenseAssignment.Read.All",
        "Organization.Read.All",
        name="subscribedSkus.list",
    )
    s.add(
        "GET",
        "/subscribedSkus/{id}",
        r.get_sku,
        "LicenseAssignment.Read.All",
        "Organization.Read.All",
        name="subscribedSkus.get",
    )
    s.add(
        "GET",
        "/organization",
        r.list_organisation,
        "Organization.Read.All",
        name="organization.list",
    )
    s.add(
        "GET",
        "/organization/{id}",
        r.get_organisation,
        "Organization.Read.All",
        name="organization.get",
    )
    s.add("POST", "/invitations", r.create_invitation, "User.Invite.All", name="invitations.create")
    return s.routes
