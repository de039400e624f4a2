/**
 * A date formatter per time zone, made on first use and kept: making an `Intl.DateTimeFormat` costs
 * far more than formatting with it, and turns ask for local days and hours on every message.
 */
export function formatterPerZone(
  make: (timeZone: string) => Intl.DateTimeFormat,
): (timeZone: string) => Intl.DateTimeFormat {
  const made = new Map<string, Intl.DateTimeFormat>();
  return (timeZone) => {
    let format = made.get(timeZone);
    if (!format) {
      format = make(timeZone);
      made.set(timeZone, format);
    }
    return format;
  };
}
