import type { Storage } from 'webextension-polyfill';
import type { KeyValueArea } from '../src/store/area';

export function chromeArea(area: Storage.StorageArea): KeyValueArea {
  return {
    async get(key) {
      return (await area.get(key))[key];
    },
    async set(key, value) {
      await area.set({ [key]: value });
    },
    async remove(key) {
      await area.remove(key);
    },
  };
}
