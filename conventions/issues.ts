// The one renderer of validation issues (zod's, and any other `{path, message}`): a field path as
// JavaScript writes it (`topology.links[3].b`), then the message, so that every part names the
// JSON field the same way.

export interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** `topology.links[3].b`, `sources["a.b"]`; `(top level)` for the empty path. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((segment, i) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const name = String(segment);
      if (!/^[A-Za-z_$][\w$]*$/.test(name)) return `[${JSON.stringify(name)}]`;
      return i === 0 ? name : `.${name}`;
    })
    .join('');
}

/** Issues as `path: message`, joined by `separator`; beyond `max` issues, a count of the rest. */
export function formatIssues(issues: readonly Issue[], { separator = '; ', max = Infinity }: { separator?: string; max?: number } = {}): string {
  const shown = issues.slice(0, max).map((issue) => `${formatFieldPath(issue.path)}: ${issue.message}`);
  if (issues.length > max) shown.push(`and ${issues.length - max} more`);
  return shown.join(separator);
}
