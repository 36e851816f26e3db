CREATE TABLE "scores" (
	"id" uuid PRIMARY KEY NOT NULL,
	"trace_id" uuid NOT NULL,
	"criteria" varchar(64) NOT NULL,
	"score" double precision NOT NULL,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "traces" (
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"trace_version" varchar(64) NOT NULL,
	"payload" jsonb NOT NULL,
	"source" text,
	"step_count" integer NOT NULL,
	"content_hash" varchar(64) NOT NULL
);
--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_trace_id_traces_id_fk" FOREIGN KEY ("trace_id") REFERENCES "public"."traces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "scores_trace_criteria_id_idx" ON "scores" USING btree ("trace_id","criteria","id" DESC);--> statement-breakpoint
CREATE INDEX "traces_source_id_idx" ON "traces" USING btree ("source","id");--> statement-breakpoint
CREATE INDEX "traces_content_hash_idx" ON "traces" USING btree ("content_hash");--> statement-breakpoint
CREATE INDEX "traces_created_at_idx" ON "traces" USING btree ("created_at");