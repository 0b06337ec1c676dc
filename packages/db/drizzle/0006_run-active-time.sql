ALTER TABLE "runs" ADD COLUMN "active_ms" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE "runs" SET "active_ms" = (extract(epoch from ("finished_at" - "started_at")) * 1000)::bigint WHERE "finished_at" IS NOT NULL AND "started_at" IS NOT NULL AND "finished_at" > "started_at";
