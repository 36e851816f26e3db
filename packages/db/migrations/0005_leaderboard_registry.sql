CREATE TABLE "eval_judgments" (
	"run_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"verdict" varchar(16) NOT NULL,
	"reason" text,
	"raw" text,
	"judge_model" varchar(256) NOT NULL,
	"prompt_tokens" integer,
	"completion_tokens" integer,
	"latency_ms" real,
	"attempts" integer NOT NULL,
	"error" text,
	CONSTRAINT "eval_judgments_run_id_position_pk" PRIMARY KEY("run_id","position")
);
--> statement-breakpoint
CREATE TABLE "model_aliases" (
	"name" varchar(128) NOT NULL,
	"alias" varchar(64) NOT NULL,
	"version_id" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_aliases_name_alias_pk" PRIMARY KEY("name","alias")
);
--> statement-breakpoint
CREATE TABLE "model_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" varchar(128) NOT NULL,
	"version" integer NOT NULL,
	"sha256" varchar(64) NOT NULL,
	"size_bytes" double precision NOT NULL,
	"file_count" integer NOT NULL,
	"run_id" uuid NOT NULL,
	"checkpoint" varchar(256) NOT NULL,
	"step" integer,
	"description" text,
	"lineage" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "regression_baselines" (
	"name" varchar(128) PRIMARY KEY NOT NULL,
	"eval_set_id" uuid NOT NULL,
	"model" varchar(400) NOT NULL,
	"max_drop" double precision DEFAULT 0.02 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "contaminated_items" integer;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "model_key" varchar(400);--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "is_latest" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "evaluations" ADD COLUMN "llm_judge" jsonb;--> statement-breakpoint
ALTER TABLE "eval_judgments" ADD CONSTRAINT "eval_judgments_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_aliases" ADD CONSTRAINT "model_aliases_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "regression_baselines" ADD CONSTRAINT "regression_baselines_eval_set_id_eval_sets_id_fk" FOREIGN KEY ("eval_set_id") REFERENCES "public"."eval_sets"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "model_versions_name_version_idx" ON "model_versions" USING btree ("name","version");--> statement-breakpoint
CREATE UNIQUE INDEX "model_versions_name_sha_idx" ON "model_versions" USING btree ("name","sha256");--> statement-breakpoint
CREATE INDEX "model_versions_run_idx" ON "model_versions" USING btree ("run_id","checkpoint");--> statement-breakpoint
CREATE INDEX "evaluations_latest_idx" ON "evaluations" USING btree ("eval_set_id","model_key") WHERE "evaluations"."is_latest";--> statement-breakpoint
CREATE INDEX "evaluations_model_idx" ON "evaluations" USING btree ("model_key","eval_set_id","evaluated_at");--> statement-breakpoint
-- Evaluations stored before these columns: their model key, and which is the latest per model and set.
UPDATE "evaluations" SET "model_key" = CASE WHEN "subject_run_id" IS NULL THEN 'base:' || "trainer" || ':' || "model_id" ELSE "subject_run_id"::text || ':' || "checkpoint" END;--> statement-breakpoint
UPDATE "evaluations" e SET "is_latest" = true FROM (
  SELECT DISTINCT ON ("model_key", "eval_set_id") "run_id" FROM "evaluations" ORDER BY "model_key", "eval_set_id", "evaluated_at" DESC, "run_id" DESC
) l WHERE e."run_id" = l."run_id";
