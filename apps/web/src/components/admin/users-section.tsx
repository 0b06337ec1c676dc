"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { describeError } from "../../lib/auth-errors.ts";
import { formatTime } from "../../lib/format.ts";
import { useTRPC } from "../../trpc/trpc-context.ts";
import { QueryStatus } from "../query-status.tsx";
import { useRefetchAdminLists } from "./use-admin-mutation.ts";

const ROLES = ["viewer", "member", "admin"] as const;
type Role = (typeof ROLES)[number];

/** Every user with role and state; a form to add one; role and enable/disable per row (not for yourself). */
export function UsersSection({ me }: { me: string }) {
  const trpc = useTRPC();
  const users = useQuery(trpc.auth.listUsers.queryOptions());
  const refetch = useRefetchAdminLists();
  const setRole = useMutation(trpc.auth.setRole.mutationOptions({ onSuccess: refetch }));
  const disable = useMutation(trpc.auth.disableUser.mutationOptions({ onSuccess: refetch }));
  const error = setRole.error ?? disable.error;

  return (
    <section className="card" aria-labelledby="users-heading">
      <h2 id="users-heading">Users</h2>
      <CreateUserForm />
      {!users.data ? (
        <QueryStatus query={users} what="users" />
      ) : (
        <table className="admin-table" data-testid="users">
          <thead>
            <tr>
              <th>Name</th>
              <th>Role</th>
              <th>State</th>
              <th>Live tokens</th>
              <th>Created</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((user) => (
              <tr key={user.id} data-user={user.name}>
                <td>{user.name}</td>
                <td>
                  <select
                    aria-label={`Role of ${user.name}`}
                    value={user.role}
                    disabled={user.name === me || setRole.isPending}
                    title={user.name === me ? "Another admin can change your role." : undefined}
                    onChange={(e) => setRole.mutate({ name: user.name, role: e.target.value as Role })}
                  >
                    {ROLES.map((role) => (
                      <option key={role} value={role}>
                        {role}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{user.disabledAt ? <span className="error">disabled {formatTime(user.disabledAt)}</span> : "enabled"}</td>
                <td>{user.liveTokens}</td>
                <td>{formatTime(user.createdAt)}</td>
                <td>
                  {user.name !== me && (
                    <button
                      type="button"
                      className={`secondary small-button${user.disabledAt ? "" : " danger"}`}
                      disabled={disable.isPending}
                      onClick={() => disable.mutate({ name: user.name, disabled: !user.disabledAt })}
                    >
                      {user.disabledAt ? "Enable" : "Disable"}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {error && (
        <p className="error small" role="alert">
          {describeError(error)}
        </p>
      )}
    </section>
  );
}

function CreateUserForm() {
  const trpc = useTRPC();
  const refetch = useRefetchAdminLists();
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("member");
  const create = useMutation(
    trpc.auth.createUser.mutationOptions({
      onSuccess: () => {
        setName("");
        refetch();
      },
    }),
  );
  return (
    <form
      className="admin-form"
      aria-label="Create a user"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ name: name.trim(), role });
      }}
    >
      <label>
        New user
        <input value={name} required maxLength={64} pattern="[A-Za-z0-9][A-Za-z0-9._\-]*" placeholder="letters, digits, . _ -" onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Role
        <select value={role} aria-label="Role of the new user" onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={create.isPending}>
        Create user
      </button>
      {create.error && (
        <span className="error small" role="alert">
          Could not create: {describeError(create.error)}
        </span>
      )}
    </form>
  );
}
