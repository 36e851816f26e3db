export { ApiError, formatProblem } from "./api-error.js";
export { type ClientOptions, createClient, type TunixClient } from "./client.js";
export type { FollowEvent, FollowOptions } from "./follow-run.js";
export { type SseEvent, SseParser, sseEvents } from "./sse.js";
