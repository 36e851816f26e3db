ALTER TABLE "runs" ADD COLUMN "kind" varchar(32) DEFAULT 'train' NOT NULL;--> statement-breakpoint
ALTER TABLE "workers" ADD COLUMN "kinds" jsonb DEFAULT '["train"]'::jsonb NOT NULL;