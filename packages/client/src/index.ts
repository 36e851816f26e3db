export { ApiError, formatProblem } from "./api-error.js";
export { type ClientOptions, createClient, type TunixClient } from "./client.js";
