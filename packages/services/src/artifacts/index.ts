export { sha256File } from "./artifact-hashes.js";
export {
  type ArtifactKind,
  decodeArtifactPath,
  HASH_CACHE_FILE,
  isInside,
  type ResolvedArtifact,
  realRunDir,
  resolveArtifactPath,
  validateArtifactPath,
} from "./artifact-path.js";
export { type ByteRange, parseByteRange } from "./byte-range.js";
export { iteratorStream, readFileRange } from "./byte-stream.js";
export { contentTypeFor } from "./content-type.js";
export {
  type ListArtifactsOptions,
  listArtifacts,
  MAX_LISTED_ENTRIES,
  statArtifact,
  type WalkEntry,
  walkArtifacts,
} from "./list-artifacts.js";
export { type TarMember, tarChunks, tarMembers, tarSize } from "./tar-stream.js";
