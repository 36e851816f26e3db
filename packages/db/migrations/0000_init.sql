CREATE TABLE "dataset_members" (
	"dataset_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"trace_id" uuid NOT NULL,
	"split" varchar(8) NOT NULL,
	CONSTRAINT "dataset_members_dataset_id_position_pk" PRIMARY KEY("dataset_id","position")
);
--> statement-breakpoint
CREATE TABLE "datasets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"dataset_key" varchar(200) NOT NULL,
	"dataset_name" varchar(128) NOT NULL,
	"dataset_version" varchar(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"request" json NOT NULL,
	"trace_count" integer NOT NULL,
	"split_counts" json NOT NULL,
	"stats" json NOT NULL,
	"content_hash" varchar(64) NOT NULL,
	"parent_dataset_id" text,
	"token_stats" jsonb,
	CONSTRAINT "datasets_dataset_key_unique" UNIQUE("dataset_key")
);
--> statement-breakpoint
CREATE TABLE "scores" (
	"id" uuid PRIMARY KEY NOT NULL,
	"trace_id" uuid NOT NULL,
	"criteria" varchar(64) NOT NULL,
	"score" double precision NOT NULL,
	"details" json,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "traces" (
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"trace_version" varchar(64) NOT NULL,
	"payload" json NOT NULL,
	"source" text,
	"step_count" integer NOT NULL,
	"content_hash" varchar(64) NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dataset_members" ADD CONSTRAINT "dataset_members_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_members" ADD CONSTRAINT "dataset_members_trace_id_traces_id_fk" FOREIGN KEY ("trace_id") REFERENCES "public"."traces"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_trace_id_traces_id_fk" FOREIGN KEY ("trace_id") REFERENCES "public"."traces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dataset_members_trace_idx" ON "dataset_members" USING btree ("trace_id");--> statement-breakpoint
CREATE INDEX "datasets_parent_idx" ON "datasets" USING btree ("parent_dataset_id");--> statement-breakpoint
CREATE INDEX "scores_trace_criteria_id_idx" ON "scores" USING btree ("trace_id","criteria","id" DESC);--> statement-breakpoint
CREATE INDEX "traces_source_id_idx" ON "traces" USING btree ("source","id");--> statement-breakpoint
CREATE INDEX "traces_content_hash_idx" ON "traces" USING btree ("content_hash");--> statement-breakpoint
CREATE INDEX "traces_created_at_idx" ON "traces" USING btree ("created_at");