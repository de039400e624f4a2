/** Array-backed FIFO: Array#shift is O(n) on large arrays, which showed at 100k+ waiting jobs. */
export function createFifo<T>() {
  let items: T[] = [];
  let head = 0;

  function compact(): void {
    if (head > 1024 && head * 2 > items.length) {
      items = items.slice(head);
      head = 0;
    }
  }

  return {
    get length() {
      return items.length - head;
    },
    push(item: T): void {
      items.push(item);
    },
    /** Puts an item back at the front, e.g. a rate-limited job. */
    unshift(item: T): void {
      if (head > 0) items[--head] = item;
      else items.unshift(item);
    },
    shift(): T | undefined {
      if (head >= items.length) return undefined;
      const item = items[head];
      items[head++] = undefined as T;
      compact();
      return item;
    },
    remove(item: T): void {
      const index = items.indexOf(item, head);
      if (index >= 0) items.splice(index, 1);
    },
  };
}
