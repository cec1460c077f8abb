import type { z } from 'zod';

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; element?: z.ZodType; in?: z.ZodType; out?: z.ZodType };
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Unwraps optional, default, preprocess and transform layers down to the schema that holds the shape. */
function unwrap(schema: z.ZodType): z.ZodType {
  const def = defOf(schema);
  if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault') return unwrap(def.innerType!);
  if (def.type === 'pipe') return unwrap(defOf(def.in!).type === 'transform' ? def.out! : def.in!);
  return schema;
}

/** Every field path a zod object schema declares: `hero.alt`, `stages[].title`, `tags[]`. */
export function zodFieldPaths(schema: z.ZodType, prefix = ''): string[] {
  const inner = unwrap(schema);
  const def = defOf(inner);
  if (def.type === 'object') {
    return Object.entries(def.shape!).flatMap(([key, child]) => zodFieldPaths(child, prefix ? `${prefix}.${key}` : key));
  }
  if (def.type === 'array') return zodFieldPaths(def.element!, `${prefix}[]`);
  return [prefix];
}

type TinaFieldLike = { name: string; type: string; list?: boolean; isBody?: boolean; fields?: TinaFieldLike[] };

/** The same paths for Tina fields; the Markdown body field becomes `body`. */
export function tinaFieldPaths(fields: TinaFieldLike[], prefix = ''): string[] {
  return fields.flatMap((field) => {
    const path = `${prefix ? `${prefix}.` : ''}${field.name}${field.list ? '[]' : ''}`;
    if (field.type === 'object' && field.fields) return tinaFieldPaths(field.fields, path);
    return [path];
  });
}
