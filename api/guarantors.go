package api

import "net/http"

// getGuarantor returns a guarantor's net assets, liability, leverage and
// limit to finance, admin and the guarantor itself; another guarantor gets
// 404, as if it did not exist.
func (s *server) getGuarantor(w http.ResponseWriter, r *http.Request, sub Subject) error {
	id, err := pathVar(r, "id")
	if err != nil {
		return err
	}
	if sub.Role == RoleGuarantor && sub.Name != id {
		return errorf(CodeNotFound, "no guarantor %s", id)
	}
	g, err := readDoc(r, s.cfg.Views.Guarantor, "guarantor", id, nil)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, g)
	return nil
}
