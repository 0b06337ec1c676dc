import type { Command } from "../command.ts";
import { CONNECTION_HELP, CONNECTION_OPTIONS, withClient } from "./connection.ts";
import { textTable } from "./text-table.ts";

const ACTIONS = ["list", "create", "disable", "enable", "token", "tokens", "revoke"] as const;
type Action = (typeof ACTIONS)[number];

export const userCommand: Command = {
  name: "user",
  usage: `Usage: minima user list                                  users, roles, live tokens
       minima user create NAME --role viewer|member|admin
       minima user disable NAME | enable NAME            a disabled user's tokens are refused
       minima user token NAME [--label L] [--expires-in 30d]   a new token, shown once
       minima user tokens [NAME]                         tokens (never their secrets)
       minima user revoke TOKEN_ID

  --role ROLE           viewer reads; member queues and controls their own runs; admin all
  --label L             What the token is for (e.g. "ci", "laptop")
  --expires-in D        Seconds, or a duration: 90m, 12h, 30d [default: never]
  --json                Machine-readable output
${CONNECTION_HELP}`,
  options: { ...CONNECTION_OPTIONS, role: { type: "string" }, label: { type: "string" }, "expires-in": { type: "string" }, json: { type: "boolean" } },
  positionals: { min: 1, max: 2 },
  run: (values, [action, name]) => {
    if (!ACTIONS.includes(action as Action)) {
      console.error(`minima user: unknown action "${action}"; one of ${ACTIONS.join(", ")}. See \`minima help user\`.`);
      return Promise.resolve(2);
    }
    const needsName = action !== "list" && action !== "tokens";
    if (needsName && !name) {
      console.error(`minima user ${action}: which ${action === "revoke" ? "token id" : "user"}? See \`minima help user\`.`);
      return Promise.resolve(2);
    }
    const json = values.json === true;
    const out = (value: unknown, text: () => string) => console.log(json ? JSON.stringify(value, null, 2) : text());
    return withClient("user", values, async ({ api }) => {
      const { auth } = api;
      switch (action as Action) {
        case "list": {
          const users = await auth.listUsers.query();
          out(users, () => textTable([["user", "role", "live tokens", "disabled"], ...users.map((u) => [u.name, u.role, String(u.liveTokens), u.disabledAt ?? ""])]));
          break;
        }
        case "create": {
          const role = typeof values.role === "string" ? values.role : "";
          const user = await auth.createUser.mutate({ name: name!, role: role as "viewer" });
          out(user, () => `created ${user.role} "${user.name}"; give them a token: minima user token ${user.name}`);
          break;
        }
        case "disable":
        case "enable":
          out(await auth.disableUser.mutate({ name: name!, disabled: action === "disable" }), () => `${action}d "${name}"`);
          break;
        case "token": {
          const expires = values["expires-in"];
          const issued = await auth.issueToken.mutate({
            user: name!,
            ...(typeof values.label === "string" ? { label: values.label } : {}),
            ...(typeof expires === "string" ? { expiresIn: /^\d+$/.test(expires) ? Number(expires) : expires } : {}),
          });
          out(issued, () => `MINIMA_TOKEN=${issued.token}\n(for ${issued.user}${issued.expiresAt ? `, expires ${issued.expiresAt}` : ""}; shown only now)`);
          break;
        }
        case "tokens": {
          const tokens = await auth.listTokens.query(name ? { user: name } : {});
          out(tokens, () =>
            textTable([["token id", "user", "label", "state", "expires", "last used"], ...tokens.map((t) => [t.id, t.user, t.label, t.state, t.expiresAt ?? "never", t.lastUsedAt ?? ""])]),
          );
          break;
        }
        case "revoke":
          out(await auth.revokeToken.mutate({ id: name! }), () => `revoked token ${name}`);
          break;
      }
      return 0;
    });
  },
};
