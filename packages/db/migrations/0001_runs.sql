CREATE TABLE "run_logs" (
	"run_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"stream" varchar(6) NOT NULL,
	"line" text NOT NULL,
	"t" timestamp with time zone NOT NULL,
	CONSTRAINT "run_logs_run_id_seq_pk" PRIMARY KEY("run_id","seq")
);
--> statement-breakpoint
CREATE TABLE "run_metrics" (
	"run_id" uuid NOT NULL,
	"name" varchar(128) NOT NULL,
	"step" double precision NOT NULL,
	"value" double precision NOT NULL,
	"t" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" varchar(20) NOT NULL,
	"mode" varchar(10) NOT NULL,
	"dataset_id" uuid,
	"dataset_key" varchar(256) NOT NULL,
	"model_id" varchar(256) NOT NULL,
	"trainer" varchar(64) NOT NULL,
	"config" json NOT NULL,
	"labels" jsonb NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"attempt" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 1 NOT NULL,
	"timeout_seconds" integer,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"exit_code" integer,
	"worker_id" varchar(128),
	"lease_expires_at" timestamp with time zone,
	"error" text,
	"stdout_tail" text DEFAULT '' NOT NULL,
	"stderr_tail" text DEFAULT '' NOT NULL,
	"final_metrics" json,
	"findings" json,
	"resumable_from" text,
	"retry_of" uuid,
	"last_seq" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workers" (
	"id" varchar(128) PRIMARY KEY NOT NULL,
	"host" varchar(256) NOT NULL,
	"trainers" jsonb NOT NULL,
	"labels" jsonb NOT NULL,
	"concurrency" integer NOT NULL,
	"running" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stopped_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "run_logs" ADD CONSTRAINT "run_logs_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_metrics" ADD CONSTRAINT "run_metrics_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "run_metrics_series_idx" ON "run_metrics" USING btree ("run_id","name","step");--> statement-breakpoint
CREATE INDEX "runs_claim_idx" ON "runs" USING btree ("status","priority" DESC,"id");--> statement-breakpoint
CREATE INDEX "runs_dataset_idx" ON "runs" USING btree ("dataset_key");--> statement-breakpoint
CREATE INDEX "runs_lease_idx" ON "runs" USING btree ("lease_expires_at");