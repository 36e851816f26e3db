export * from "./common.js";
export * from "./scores.js";
export * from "./traces.js";
export * from "./generators.js";
export * from "./datasets.js";
export * from "./tunix.js";
export * from "./rendering.js";
