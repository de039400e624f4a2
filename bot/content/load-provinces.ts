import type { Province } from './catalog';
import { provincesFileSchema } from './content-schema';
import { type ContentError, readYaml } from './read-yaml';

/** Reads `provinces.yaml`: the province list learners choose from, in file order. */
export async function loadProvinces(
  file: string,
  displayName = file,
): Promise<{ provinces: Province[]; errors: ContentError[] }> {
  const { value, errors } = await readYaml(file, displayName, provincesFileSchema);
  const provinces: Province[] = (value?.provinces ?? []).map((p) => ({
    code: p.code,
    name: p.name,
    city: p.city ?? false,
    aliases: p.aliases ?? [],
    formerly: p.formerly ?? [],
  }));
  errors.push(
    ...duplicates(
      provinces.map((p) => p.code),
      displayName,
      'provinces',
      'province code',
    ),
  );
  return { provinces, errors };
}

export function duplicates(ids: string[], file: string, path: string, what: string): ContentError[] {
  const seen = new Set<string>();
  const errors: ContentError[] = [];
  for (const id of ids) {
    if (seen.has(id)) errors.push({ file, path, message: `duplicate ${what} "${id}"` });
    seen.add(id);
  }
  return errors;
}
