CREATE TABLE "eval_items" (
	"eval_set_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"item_id" varchar(256) NOT NULL,
	"prompt" text NOT NULL,
	"expected_answer" text NOT NULL,
	"category" varchar(128),
	"difficulty" varchar(64),
	CONSTRAINT "eval_items_eval_set_id_position_pk" PRIMARY KEY("eval_set_id","position")
);
--> statement-breakpoint
CREATE TABLE "eval_results" (
	"run_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"output" text NOT NULL,
	"extracted" text,
	"extraction" varchar(16),
	"correct" boolean NOT NULL,
	"match_method" varchar(16) NOT NULL,
	"format_ok" boolean NOT NULL,
	"output_tokens" integer,
	"reasoning_tokens" integer,
	"latency_ms" real,
	CONSTRAINT "eval_results_run_id_position_pk" PRIMARY KEY("run_id","position")
);
--> statement-breakpoint
CREATE TABLE "eval_sets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"eval_set_key" varchar(200) NOT NULL,
	"name" varchar(128) NOT NULL,
	"version" varchar(64) NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" jsonb NOT NULL,
	"extraction" jsonb NOT NULL,
	"item_count" integer NOT NULL,
	"content_hash" varchar(64) NOT NULL,
	"stats" jsonb NOT NULL,
	CONSTRAINT "eval_sets_eval_set_key_unique" UNIQUE("eval_set_key")
);
--> statement-breakpoint
CREATE TABLE "evaluations" (
	"run_id" uuid PRIMARY KEY NOT NULL,
	"eval_set_id" uuid NOT NULL,
	"subject_run_id" uuid,
	"checkpoint" varchar(256) NOT NULL,
	"step" integer,
	"model_id" varchar(256) NOT NULL,
	"trainer" varchar(64) NOT NULL,
	"n" integer NOT NULL,
	"correct" integer NOT NULL,
	"accuracy" double precision NOT NULL,
	"ci_low" double precision NOT NULL,
	"ci_high" double precision NOT NULL,
	"format_rate" double precision NOT NULL,
	"mean_reasoning_tokens" double precision,
	"tokens_per_correct" double precision,
	"summary" jsonb NOT NULL,
	"judge_version" varchar(16) NOT NULL,
	"evaluated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "parent_run_id" uuid;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "eval_set_id" uuid;--> statement-breakpoint
ALTER TABLE "eval_items" ADD CONSTRAINT "eval_items_eval_set_id_eval_sets_id_fk" FOREIGN KEY ("eval_set_id") REFERENCES "public"."eval_sets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eval_results" ADD CONSTRAINT "eval_results_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_eval_set_id_eval_sets_id_fk" FOREIGN KEY ("eval_set_id") REFERENCES "public"."eval_sets"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "eval_items_item_idx" ON "eval_items" USING btree ("eval_set_id","item_id");--> statement-breakpoint
CREATE INDEX "evaluations_subject_idx" ON "evaluations" USING btree ("subject_run_id","eval_set_id","step");--> statement-breakpoint
CREATE INDEX "evaluations_set_idx" ON "evaluations" USING btree ("eval_set_id","accuracy");--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_eval_set_id_eval_sets_id_fk" FOREIGN KEY ("eval_set_id") REFERENCES "public"."eval_sets"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "runs_parent_idx" ON "runs" USING btree ("parent_run_id","kind");