import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readRegularFile } from '../src/parse/read.js'

const scratch = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-read-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

function fileOf(name: string, bytes: Buffer): string {
  const file = path.join(scratch, name)
  writeFileSync(file, bytes)
  return file
}

describe('readRegularFile', () => {
  it('reads every byte of files around the size of one read, and an empty file', () => {
    for (const size of [0, 1, 4095, 4096, 65_535, 65_536, 65_537, 300_000]) {
      const bytes = Buffer.from(Array.from({ length: size }, (_, i) => (i * 7) % 251))
      const read = readRegularFile(fileOf(`f${size}`, bytes), 1_000_000)
      expect(read.kind).toBe('bytes')
      expect(read.kind === 'bytes' && Buffer.compare(read.bytes, bytes)).toBe(0)
    }
  })

  it('reads a file of exactly the limit and refuses one byte more, keeping its head', () => {
    const at = readRegularFile(fileOf('at', Buffer.alloc(1000, 65)), 1000)
    expect(at.kind === 'bytes' && at.bytes.length).toBe(1000)
    const over = readRegularFile(fileOf('over', Buffer.alloc(1001, 66)), 1000, 10)
    expect(over).toEqual({ kind: 'oversized', size: 1001, head: Buffer.alloc(10, 66) })
  })

  it('tells a folder from a file', () => {
    expect(readRegularFile(scratch, 1000).kind).toBe('folder')
  })
})
