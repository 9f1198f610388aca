import { type BetaFilePolicy, ToolError } from '@anthropic-ai/sdk/helpers/beta/toolsets';

/** Splits a path into its parts, refusing relative paths and any ".." that could climb out. */
function parts(path: string): { root: string; segments: string[] } {
  const normalized = path.replace(/\\/g, '/');
  const drive = /^[A-Za-z]:\//.exec(normalized)?.[0] ?? (normalized.startsWith('/') ? '/' : '');
  if (!drive) throw new ToolError(`"${path}" is not an absolute path. Give the full path of a file in the upload folder.`);
  const segments = normalized.slice(drive.length).split('/').filter((segment) => segment && segment !== '.');
  if (segments.includes('..')) throw new ToolError(`"${path}" climbs out of a folder with "..": give the file's plain path.`);
  return { root: drive.toLowerCase(), segments };
}

/**
 * file_upload may only use files inside one folder the user chose in Settings. Downloads' paths
 * are never shown to the model: the page, not the user, chose their names.
 */
export function uploadFolderPolicy(folder: string): BetaFilePolicy {
  const base = parts(folder);
  return {
    resolveUploadPaths(_context, paths) {
      return paths.map((path) => {
        const candidate = parts(path);
        const inside =
          candidate.root === base.root &&
          candidate.segments.length > base.segments.length &&
          base.segments.every((segment, index) => candidate.segments[index] === segment);
        if (!inside) throw new ToolError(`"${path}" is outside the upload folder ${folder}. Only files in that folder can be uploaded.`);
        return path;
      });
    },
    resolveUploadDocuments() {
      throw new ToolError('Steward cannot upload Files API documents; give file paths from the upload folder.');
    },
    isPathVisible: () => false,
  };
}
