package bench

import (
	"context"
	"fmt"

	"github.com/luoshi-edu/luoshi/internal/model"
	"github.com/luoshi-edu/luoshi/internal/store"
)

// A province is many institutions on one PostgreSQL database, each in a
// schema of its own: the universities of a province sharing one database
// server. Their schemas are named Prefix01, Prefix02, …

// DefaultProvincePrefix starts the names of a province's schemas.
const DefaultProvincePrefix = "province_"

// Province says what GenerateProvince writes.
type Province struct {
	// Prefix starts each institution's schema name (and role name).
	Prefix string
	// Institutions is how many there are.
	Institutions int
	// Each is every institution's scale.
	Each Scale
	// Seed is the first institution's seed; the i-th (from 0) uses Seed+i,
	// so that the institutions differ.
	Seed int64
	// OwnRoles gives each schema a login role of its own (store.CreateSchema):
	// a server connected as it cannot reach another institution's rows.
	OwnRoles bool
}

// ProvinceSchema is the schema name of the i-th institution, from 1.
func (p Province) ProvinceSchema(i int) string { return fmt.Sprintf("%s%02d", p.Prefix, i) }

// GenerateProvince writes p's institutions into the PostgreSQL database at
// dsn, each into a new schema, and returns the URLs their servers use.
// progress, when not nil, hears the rows written over all institutions.
func GenerateProvince(ctx context.Context, dsn string, p Province, progress func(done, total int)) ([]string, error) {
	if !store.IsPostgres(dsn) {
		return nil, model.Errorf(model.EINVALID, "a province is many institutions in one PostgreSQL database: --db must be a postgres:// URL")
	}
	if p.Institutions < 1 || p.Institutions > 99 {
		return nil, model.Errorf(model.EINVALID, "a province has 1 to 99 institutions, not %d", p.Institutions)
	}
	have, err := store.SchemasWithPrefix(ctx, dsn, p.Prefix)
	if err != nil {
		return nil, err
	}
	if len(have) > 0 {
		return nil, model.Errorf(model.EINVALID, "the database already holds schema %s: generate a province into a database without schemas starting %q", have[0].Name, p.Prefix)
	}
	each := p.Each.Units + p.Each.People + p.Each.Meetings + p.Each.Measures + p.Each.Reports
	total := each * p.Institutions
	var urls []string
	for i := range p.Institutions {
		u, err := store.CreateSchema(ctx, dsn, p.ProvinceSchema(i+1), p.OwnRoles)
		if err != nil {
			return urls, err
		}
		urls = append(urls, u)
		if err := generateInto(ctx, u, p.Each, p.Seed+int64(i), func(done, _ int) {
			if progress != nil {
				progress(min(i*each+done, total-1), total)
			}
		}); err != nil {
			return urls, fmt.Errorf("bench: institution %s: %w", p.ProvinceSchema(i+1), err)
		}
	}
	if progress != nil {
		progress(total, total)
	}
	return urls, nil
}

// generateInto migrates the empty schema dsn reaches and generates an
// institution there.
func generateInto(ctx context.Context, dsn string, sc Scale, seed int64, progress func(done, total int)) error {
	s, err := store.Open(dsn)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		return err
	}
	return GenerateProgress(ctx, s, sc, seed, progress)
}
