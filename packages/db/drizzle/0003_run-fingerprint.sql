ALTER TABLE "runs" ADD COLUMN "fingerprint" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "reused_from" uuid;--> statement-breakpoint
CREATE INDEX "runs_fingerprint_idx" ON "runs" USING btree ("fingerprint","status");