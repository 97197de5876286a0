package store

import (
	"context"

	"github.com/luoshi-edu/luoshi/internal/model"
)

const personCols = `id, name, unit, title, email, staff_no, phone`

func scanPerson(sc interface{ Scan(...any) error }) (model.Person, error) {
	var p model.Person
	err := sc.Scan(&p.ID, &p.Name, &p.Unit, &p.Title, &p.Email, &p.StaffNo, &p.Phone)
	return p, err
}

// People lists the people of a unit ("" for everyone), by unit order then
// name.
func (q Queries) People(ctx context.Context, unit string) ([]model.Person, error) {
	var where []string
	var args []any
	if unit != "" {
		where, args = append(where, `p.unit = ?`), append(args, unit)
	}
	rows, err := q.query(ctx, `SELECT p.id, p.name, p.unit, p.title, p.email, p.staff_no, p.phone
		FROM people p JOIN units u ON u.code = p.unit`+joinWhere(where)+` ORDER BY u.seq, u.code, p.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Person returns a person by id.
func (q Queries) Person(ctx context.Context, id int64) (model.Person, error) {
	p, err := scanPerson(q.queryRow(ctx, `SELECT `+personCols+` FROM people WHERE id = ?`, id))
	if err != nil {
		return p, notFound(err, "person", id)
	}
	return p, nil
}

// PersonByStaffNo returns the person with a staff number (工号).
func (q Queries) PersonByStaffNo(ctx context.Context, staffNo string) (model.Person, error) {
	p, err := scanPerson(q.queryRow(ctx, `SELECT `+personCols+` FROM people WHERE staff_no = ? AND staff_no <> ''`, staffNo))
	if err != nil {
		return p, notFound(err, "person", staffNo)
	}
	return p, nil
}

// InsertPerson adds a person and returns its id.
func (tx *Tx) InsertPerson(ctx context.Context, p model.Person) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, `INSERT INTO people (name, unit, title, email, staff_no, phone) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		p.Name, p.Unit, p.Title, p.Email, p.StaffNo, p.Phone).Scan(&id)
	return id, err
}

// UpdatePerson writes a person's fields.
func (tx *Tx) UpdatePerson(ctx context.Context, p model.Person) error {
	_, err := tx.exec(ctx, `UPDATE people SET name = ?, unit = ?, title = ?, email = ?, staff_no = ?, phone = ? WHERE id = ?`,
		p.Name, p.Unit, p.Title, p.Email, p.StaffNo, p.Phone, p.ID)
	return err
}
