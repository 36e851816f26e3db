/** The seed's key rule: `{name}-{version}`, with spaces and slashes in each part made underscores. */
export function datasetKey(name: string, version: string): string {
  const clean = (s: string) => s.replace(/[ /]/g, "_");
  return `${clean(name)}-${clean(version)}`;
}
