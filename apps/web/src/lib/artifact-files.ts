/**
 * The file name to save as: the artifact's name with the extension its type implies (a folder, a
 * checkpoint, comes as a tar archive; a raster as JSON). The daemon's Content-Disposition is not
 * readable across origins, so the name is derived here.
 */
export function downloadName(name: string, contentType: string | null): string {
  const extension = contentType === "application/x-tar" ? ".tar" : contentType === "application/json" ? ".json" : "";
  return extension && !name.endsWith(extension) ? `${name}${extension}` : name;
}
