ALTER TABLE "experiments" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "experiments" ADD COLUMN "notes" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "experiments" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "notes" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "experiments_tags_idx" ON "experiments" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "runs_tags_idx" ON "runs" USING gin ("tags");--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_name_length" CHECK (char_length("experiments"."name") between 1 and 120);--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_notes_length" CHECK (char_length("experiments"."notes") <= 10000);--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_tags_count" CHECK (cardinality("experiments"."tags") <= 20);--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_name_length" CHECK (char_length("runs"."name") between 1 and 120);--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_notes_length" CHECK (char_length("runs"."notes") <= 10000);--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_tags_count" CHECK (cardinality("runs"."tags") <= 20);