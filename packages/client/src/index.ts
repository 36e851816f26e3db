export { ApiError, formatProblem } from "./api-error.js";
export { createClient, type ClientOptions, type TunixClient } from "./client.js";
