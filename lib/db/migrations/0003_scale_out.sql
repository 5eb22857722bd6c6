CREATE TABLE "room_controls" (
	"id" serial PRIMARY KEY NOT NULL,
	"room_id" text NOT NULL,
	"control" jsonb NOT NULL,
	"claimed_by" text,
	"result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "lease_owner" text;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "lease_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "job_id" text;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "taken_over_from" text;--> statement-breakpoint
ALTER TABLE "room_controls" ADD CONSTRAINT "room_controls_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "room_controls_room_idx" ON "room_controls" USING btree ("room_id","id");--> statement-breakpoint
CREATE INDEX "rooms_lease_idx" ON "rooms" USING btree ("lease_owner") WHERE lease_owner IS NOT NULL;