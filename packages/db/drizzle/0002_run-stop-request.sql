ALTER TABLE "runs" ADD COLUMN "stop_request" text;--> statement-breakpoint
CREATE INDEX "runs_daemon_idx" ON "runs" USING btree ("daemon_id");