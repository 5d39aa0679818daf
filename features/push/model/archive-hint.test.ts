import { describe, expect, test } from 'vitest';
import { archiveMismatch, archiveOfUrl, noArchives, withUrl } from './archive-hint';

describe('archive hints from the URL', () => {
  test.each([
    ['https://f.example.com/a/game-client.pak', null],
    ['https://f.example.com/fw.bin?sig=1', null],
    ['https://f.example.com/app.tar.gz', 'tar.gz'],
    ['https://f.example.com/app.TGZ', 'tar.gz'],
    ['https://f.example.com/app.zip', 'zip'],
    ['https://f.example.com/app.tar', 'tar'],
    ['https://f.example.com/', undefined],
    ['not a url', undefined],
  ])('%s → %s', (url, type) => expect(archiveOfUrl(url)).toBe(type));

  test('a .pak URL clears the default tar.gz and turns decompress off; a typed choice is kept', () => {
    const fresh = { url: '', archiveType: 'tar.gz' };
    expect(withUrl(fresh, 'https://f.example.com/game-client.pak').archiveType).toBe('');
    expect(withUrl(fresh, 'https://f.example.com/app.zip').archiveType).toBe('zip');
    const chosen = { url: 'https://f.example.com/app.zip', archiveType: 'tar' };
    expect(withUrl(chosen, 'https://f.example.com/game.pak').archiveType).toBe('tar');
    expect(noArchives(['https://f.example.com/a.pak', 'https://f.example.com/b.bin'])).toBe(true);
    expect(noArchives(['https://f.example.com/a.pak', 'https://f.example.com/b.zip'])).toBe(false);
    expect(noArchives([''])).toBe(false);
  });

  test('a URL and an archive type that disagree are warned about on the field', () => {
    expect(archiveMismatch('https://f.example.com/game.pak', 'tar.gz')).toContain('.pak');
    expect(archiveMismatch('https://f.example.com/app.zip', 'tar.gz')).toBe(
      'The URL ends in .zip but the type is tar.gz.',
    );
    expect(archiveMismatch('https://f.example.com/app.tar.gz', 'tar.gz')).toBeUndefined();
    expect(archiveMismatch('', 'tar.gz')).toBeUndefined();
  });
});
