#!/usr/bin/env node
/*
 * unleash-convert.js: turns Unleash's db-migrate history (JavaScript files
 * in dist/migrations of the unleash-server npm package) into retort
 * migration files, one per source migration, in a linear parent chain.
 *
 * Unleash's migrations are JavaScript: most pass literal SQL to
 * db.runSql, a few use db-migrate's table API (createTable, addColumn) and
 * some read rows first and decide what to write (db.all). The SQL is
 * therefore not read out of the files but recorded while they run: every
 * up, in file order, then every down, in reverse order, runs through the
 * real db-migrate-pg driver against an empty PostgreSQL database, and each
 * query the driver sends is written down as the project's code produced
 * it. The result is exactly what Unleash itself runs on an empty database;
 * nothing is edited. Bind parameters, if any, are inlined as literals.
 *
 *   npm pack unleash-server@7.6.5 && tar xzf unleash-server-7.6.5.tgz
 *   npm install db-migrate-pg db-migrate-shared pg async
 *   node unleash-convert.js package/dist/migrations POSTGRES_URL OUT_DIR
 *
 * POSTGRES_URL names an empty database (it is left holding Unleash's
 * schema as of after the downs, i.e. empty again).
 */
'use strict';
const fs = require('fs');
const path = require('path');

const [srcDir, url, outDir] = process.argv.slice(2);
if (!srcDir || !url || !outDir) {
	console.error('usage: unleash-convert.js MIGRATIONS_DIR POSTGRES_URL OUT_DIR');
	process.exit(2);
}
const srcAbs = path.resolve(srcDir);
const version = process.env.UNLEASH_VERSION || '7.6.5';

function literal(v) {
	if (v === null || v === undefined) return 'NULL';
	if (typeof v === 'number' || typeof v === 'boolean') return String(v);
	if (typeof v === 'object') v = JSON.stringify(v);
	return "'" + String(v).replace(/'/g, "''") + "'";
}

function inline(text, params) {
	if (!params || params.length === 0) return text;
	return text.replace(/\$(\d+)/g, (m, n) => literal(params[Number(n) - 1]));
}

let recording = null;

function wrap(client) {
	const query = client.query.bind(client);
	client.query = function (...args) {
		let text = args[0];
		let params = Array.isArray(args[1]) ? args[1] : null;
		if (typeof text === 'object' && text !== null) {
			params = text.values || params;
			text = text.text;
		}
		if (recording) recording.push(inline(text, params));
		return query(...args);
	};
}

function runOne(fn, driver) {
	return new Promise((resolve, reject) => {
		let done = false;
		const cb = (err) => {
			if (done) return;
			done = true;
			if (err) reject(err);
			else resolve();
		};
		let r;
		try {
			r = fn(driver, cb);
		} catch (e) {
			cb(e);
			return;
		}
		if (r && typeof r.then === 'function' && fn.length < 2)
			r.then(() => cb(), cb);
	});
}

function nextSecond(id) {
	const d = new Date(Date.UTC(+id.slice(0, 4), +id.slice(4, 6) - 1, +id.slice(6, 8),
		+id.slice(8, 10), +id.slice(10, 12), +id.slice(12, 14)) + 1000);
	const p = (n, w) => String(n).padStart(w, '0');
	return p(d.getUTCFullYear(), 4) + p(d.getUTCMonth() + 1, 2) + p(d.getUTCDate(), 2) +
		p(d.getUTCHours(), 2) + p(d.getUTCMinutes(), 2) + p(d.getUTCSeconds(), 2);
}

/*
 * db-migrate wraps each migration in BEGIN/COMMIT; one of Unleash's
 * (20231103064746) sends a COMMIT of its own in the middle, so its later
 * statements ran outside any transaction. In retort's transaction that
 * COMMIT would commit retort's bookkeeping early (lint: transaction-control);
 * such a section is written transaction=false, statement by statement,
 * where the COMMIT finds no transaction and does nothing, as its second half
 * did under db-migrate.
 */
function txnOption(sql) {
	return /^\s*(COMMIT|ROLLBACK|START\s+TRANSACTION)\s*;\s*$/im.test(sql)
		? ' transaction=false' : '';
}

function section(stmts) {
	return stmts
		.map((s) => s.replace(/^\s*\n/, '').replace(/\s+$/, ''))
		.filter((s) => s.length > 0)
		.map((s) => (s.endsWith(';') ? s : s + ';'))
		.join('\n');
}

async function main() {
	const pgdrv = require('db-migrate-pg');
	const type = require('db-migrate-shared').dataType;
	const noop = () => {};
	const log = { sql: noop, warn: noop, verbose: noop, info: noop, error: console.error };
	const intern = { mod: { log, type }, notransactions: true, migrationTable: 'migrations' };
	const { Client } = require('pg');
	const client = new Client({ connectionString: url });
	wrap(client);
	const driver = await new Promise((resolve, reject) =>
		pgdrv.connect({ db: client }, intern, (err, d) => (err ? reject(err) : resolve(d))));

	const files = fs.readdirSync(srcAbs).filter((f) => /^\d{14}-.*\.js$/.test(f)).sort();
	const migs = files.map((f) => ({ file: f, mod: require(path.join(srcAbs, f)) }));
	/*
	 * db-migrate keeps its own table, "migrations", in the same database,
	 * created before the first migration; two of Unleash's migrations
	 * (20221103111940, 20230510113903) delete rows of it. It becomes a root
	 * migration of its own, with the CREATE that the driver sends.
	 */
	recording = [];
	await new Promise((resolve, reject) =>
		driver.createMigrationsTable((err) => (err ? reject(err) : resolve())));
	const bookkeeping = {
		rev: migs[0].file.slice(0, 14) - 1 + '_db_migrate_migrations_table',
		up: recording.filter((s) => /^\s*CREATE/i.test(s)),
		down: ['DROP TABLE "migrations"'],
	};
	for (const m of migs) {
		recording = [];
		await runOne(m.mod.up, driver).catch((e) => {
			throw new Error(`${m.file} up: ${e.message}`);
		});
		m.up = recording;
	}
	for (const m of migs.slice().reverse()) {
		recording = [];
		if (typeof m.mod.down === 'function')
			await runOne(m.mod.down, driver).catch((e) => {
				throw new Error(`${m.file} down: ${e.message}`);
			});
		else m.noDown = true;
		m.down = recording;
	}
	recording = null;
	await client.end();

	fs.mkdirSync(outDir, { recursive: true });
	let parent = bookkeeping.rev;
	let lastId = null;
	const renamed = [];
	fs.writeFileSync(path.join(outDir, parent + '.sql'),
		'-- db-migrate\'s own table, which it creates before Unleash\'s first migration\n' +
		'-- (recorded by tests/history/unleash-convert.js from db-migrate-pg)\n' +
		'-- retort:up\n' + section(bookkeeping.up) + '\n-- retort:down\n' +
		section(bookkeeping.down) + '\n');
	for (const m of migs) {
		const stem = m.file.replace(/\.js$/, '');
		/*
		 * retort wants revision ids unique; Unleash has three files at
		 * 20210428103924 and two at 20230306103400. A repeated id takes the
		 * next free second, which keeps db-migrate's order (file name order).
		 */
		let id = stem.slice(0, 14);
		if (lastId && id <= lastId) id = nextSecond(lastId);
		lastId = id;
		const rev = id + '_' + stem.slice(15).toLowerCase().replace(/[^a-z0-9]+/g, '_');
		if (id !== stem.slice(0, 14)) renamed.push(`${m.file} -> ${rev}.sql`);
		let out = `-- Unleash ${version} (Apache-2.0), dist/migrations/${m.file}: the SQL its\n`;
		out += '-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js\n';
		out += `-- retort:parent ${parent}\n`;
		const up = section(m.up);
		const down = section(m.down);
		out += '-- retort:up' + txnOption(up) + '\n';
		if (up) out += up + '\n';
		if (!m.noDown) {
			out += '-- retort:down' + txnOption(down) + '\n';
			if (down) out += down + '\n';
		}
		fs.writeFileSync(path.join(outDir, rev + '.sql'), out);
		parent = rev;
	}
	console.log(`${migs.length} migrations written to ${outDir}`);
	for (const r of renamed) console.log(`id taken by an earlier file: ${r}`);
}

main().catch((e) => {
	console.error('unleash-convert: ' + e.message);
	process.exit(1);
});
