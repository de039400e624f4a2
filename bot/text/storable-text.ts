/** A UTF-16 surrogate without its partner: not valid Unicode, and PostgreSQL refuses it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes lone surrogates; pairs (emoji) stay. */
export const dropLoneSurrogates = (value: string): string => value.replace(LONE_SURROGATE, '');

/** Removes what PostgreSQL refuses in text and jsonb: NUL and lone surrogates. */
export const storable = (value: string): string => dropLoneSurrogates(value.replaceAll('\u0000', ''));
