import assert from "node:assert/strict";
import { test } from "node:test";
import { databaseCause, isConnectionError } from "./connection-errors.ts";

const pgError = (message: string, code: string) => Object.assign(new Error(message), { code });
/** drizzle's wrapper: the statement as its message, the driver's error as its cause. */
const drizzle = (cause: unknown) => Object.assign(new Error('Failed query: insert into "metrics" …\nparams: …'), { cause });

test("a database that is away (restarting, refusing, cut off) is told from a query that failed for itself", () => {
  const away = [
    pgError("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"),
    pgError("read ECONNRESET", "ECONNRESET"),
    new Error("Connection terminated unexpectedly"),
    pgError("terminating connection due to administrator command", "57P01"),
    pgError("the database system is starting up", "57P03"),
    pgError("server closed the connection", "08006"),
    drizzle(pgError("terminating connection due to administrator command", "57P01")),
    Object.assign(new AggregateError([pgError("connect ECONNREFUSED ::1:5432", "ECONNREFUSED")], ""), { code: "ECONNREFUSED" }),
  ];
  for (const error of away) assert.equal(isConnectionError(error), true, String(error));
  const itself = [
    drizzle(pgError('duplicate key value violates unique constraint "metrics_pkey"', "23505")),
    pgError("could not extend file: No space left on device", "53100"),
    pgError("syntax error at or near", "42601"),
    new Error("Invalid artifact name"),
    null,
    "a string",
  ];
  for (const error of itself) assert.equal(isConnectionError(error), false, String(error));
});

test("a failed query is described by the driver's words and code, not drizzle's statement", () => {
  assert.equal(databaseCause(drizzle(pgError('insert violates foreign key constraint "fk"', "23503"))), 'insert violates foreign key constraint "fk" (23503)');
  assert.equal(databaseCause(Object.assign(new AggregateError([pgError("connect ECONNREFUSED ::1:5432", "ECONNREFUSED")], ""))), "connect ECONNREFUSED ::1:5432 (ECONNREFUSED)");
  assert.equal(databaseCause("plain"), "plain");
});
