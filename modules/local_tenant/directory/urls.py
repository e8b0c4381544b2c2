"""Directory routes (their permissions: `local_tenant.permissions.ROUTES`)."""

from __future__ import annotations

from local_tenant.directory import responses as r
from local_tenant.router import Route, RouteSet


def routes() -> list[Route]:
    s = RouteSet("directory")
    s.add("GET", "/me", r.me, name="me")
    s.add("GET", "/users", r.list_users, name="users.list")
    s.add("GET", "/users/$count", r.count, name="count.users")
    s.add("GET", "/users/delta", r.users_delta, name="users.delta")
    s.add("GET", "/users/{id}", r.get_user, name="users.get")
    s.add("PATCH", "/users/{id}", r.update_user, name="users.update")
    s.add("DELETE", "/users/{id}", r.delete_user, name="users.delete")
    s.add("GET", "/users/{id}/memberOf", r.user_member_of, name="users.memberOf")
    s.add(
        "POST",
        "/users/{id}/assignLicense",
        r.user_assign_license,
        name="users.assignLicense",
    )
    s.add("GET", "/groups", r.list_groups, name="groups.list")
    s.add("POST", "/groups", r.create_group, name="groups.create")
    s.add("GET", "/groups/$count", r.count, name="count.groups")
    s.add("GET", "/groups/delta", r.groups_delta, name="groups.delta")
    s.add("GET", "/groups/{id}", r.get_group, name="groups.get")
    s.add("PATCH", "/groups/{id}", r.update_group, name="groups.update")
    s.add("DELETE", "/groups/{id}", r.delete_group, name="groups.delete")
    s.add("GET", "/groups/{id}/members", r.list_members, name="groups.members")
    s.add("GET", "/groups/{id}/owners", r.list_owners, name="groups.owners")
    s.add("POST", "/groups/{id}/members/$ref", r.add_member, name="groups.members.add")
    s.add(
        "DELETE",
        "/groups/{id}/members/{member}/$ref",
        r.remove_member,
        name="groups.members.remove",
    )
    s.add("POST", "/groups/{id}/owners/$ref", r.add_owner, name="groups.owners.add")
    s.add(
        "DELETE",
        "/groups/{id}/owners/{member}/$ref",
        r.remove_owner,
        name="groups.owners.remove",
    )
    s.add(
        "POST",
        "/groups/{id}/assignLicense",
        r.group_assign_license,
        name="groups.assignLicense",
    )
    s.add(
        "GET",
        "/directory/deletedItems/microsoft.graph.group",
        r.list_deleted_groups,
        name="deletedItems.groups",
    )
    s.add("GET", "/directory/deletedItems/{id}", r.get_deleted, name="deletedItems.get")
    s.add(
        "DELETE",
        "/directory/deletedItems/{id}",
        r.purge_deleted,
        name="deletedItems.delete",
    )
    s.add(
        "POST",
        "/directory/deletedItems/{id}/restore",
        r.restore_deleted,
        name="deletedItems.restore",
    )
    s.add(
        "GET",
        "/subscribedSkus",
        r.list_skus,
        name="subscribedSkus.list",
    )
    s.add(
        "GET",
        "/subscribedSkus/{id}",
        r.get_sku,
        name="subscribedSkus.get",
    )
    s.add(
        "GET",
        "/organization",
        r.list_organisation,
        name="organization.list",
    )
    s.add(
        "GET",
        "/organization/{id}",
        r.get_organisation,
        name="organization.get",
    )
    s.add("POST", "/invitations", r.create_invitation, name="invitations.create")
    return s.routes
